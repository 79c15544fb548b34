"""The perceptron: Rosenblatt's linear classifier and its update rule (notebook 00, before CNNs).

A linear classifier scores an input x (a flattened image, shape (D,)) with one weight vector w and a bias b:
the sign of w . x + b is its prediction, and w . x + b = 0 is the hyperplane that separates the two classes.
Labels are -1 and +1, as in Rosenblatt's perceptron (lecture decks 003/004: "the perceptron and its update rule";
Rosenblatt, "The perceptron", Psychological Review 65, 1958).
"""
import numpy as np


def perceptron_step(w, b, x, y, lr=1.0):
    """One step of the perceptron rule on one example.

    The example is a mistake when y * (w . x + b) <= 0: on the wrong side of the hyperplane, or on it (a point
    with score 0 has no side, so it counts as a mistake; this is what lets training start from w = 0, b = 0).
    A mistake moves the hyperplane towards the example:

        w <- w + lr * y * x,    b <- b + lr * y;

    a correctly classified example changes nothing.

    Inputs:
    - w: Weights, of shape (D,)
    - b: Bias, a float
    - x: One example, of shape (D,)
    - y: Its label, -1 or +1
    - lr: Learning rate, a positive float

    Returns a tuple of:
    - w_new: The weights after the step, of shape (D,): a new array (w itself must not be modified)
    - b_new: The bias after the step, a float
    """
    w_new, b_new = None, None
    ###########################################################################
    # TODO: Implement the perceptron rule. Leave w unmodified: w + ... makes  #
    # a new array, w += ... would change the caller's.                        #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    pass
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return w_new, b_new


def perceptron_train(X, y, lr=1.0, max_epochs=100):
    """Train a perceptron from w = 0, b = 0 by applying the perceptron rule to the examples, epoch after epoch.

    An epoch visits every example once (in any order: the given one, or shuffled). Training stops after the first
    epoch without a mistake, or after max_epochs epochs. On linearly separable data it always stops (Novikoff's
    theorem: at most (R / gamma)^2 mistakes, R the largest |x|, gamma the margin), with every training example on
    its side: y[i] * (X[i] . w + b) > 0 for all i. Which separating hyperplane it finds depends on the order of
    the visits; any one is right.

    Inputs:
    - X: Examples, of shape (N, D)
    - y: Labels, of shape (N,), each -1 or +1
    - lr: Learning rate, a positive float
    - max_epochs: The largest number of epochs

    Returns a tuple of:
    - w: Weights, of shape (D,)
    - b: Bias, a float
    """
    w, b = None, None
    ###########################################################################
    # TODO: Start from zeros and loop over epochs and examples, applying the  #
    # rule (perceptron_step). Stop after an epoch with no mistake.            #
    ###########################################################################
    # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    pass
    # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****
    return w, b
