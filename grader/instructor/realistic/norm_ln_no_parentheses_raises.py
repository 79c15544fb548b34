# learnL (eleventh round; learnM's Dickey007s/Deep-Learning-Assignment): a layer norm whose statistics lose their
# axis (it raises wherever N != D) and whose x_hat lacks the parentheses around x - mean; the parentheses were said
# twice, once read from the cases that ran and once from the code. Our own code from the description.
import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    centre = x.mean(axis=1)
    spread = x.var(axis=1)
    normed = x - centre / np.sqrt(spread + eps)
    return gamma * normed + beta, (normed, gamma, centre, spread, eps)
