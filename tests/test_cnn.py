"""The reference conv nets: initial loss, gradient checks, and overfitting a small set with the Solver."""
import numpy as np
import pytest

from datasets.mnist import load_mnist
from solutions.classifiers.cnn import LeNet5, ThreeLayerConvNet
from solutions.gradient_check import eval_numerical_gradient, rel_error
from solutions.solver import Solver


@pytest.mark.parametrize("cls, kwargs, shape", [
    (ThreeLayerConvNet, dict(input_dim=(3, 10, 12), num_filters=3, filter_size=3, hidden_dim=7, num_classes=5),
     (2, 3, 10, 12)),
    (LeNet5, dict(input_dim=(1, 28, 28), num_classes=10), (2, 1, 28, 28)),
])
def test_initial_loss_and_gradients(cls, kwargs, shape):
    """Is the initial loss about log(C), and does every parameter's gradient match a numeric one?"""
    np.random.seed(0)
    model = cls(weight_scale=1e-2, dtype=np.float64, reg=0.05, **kwargs)
    X = np.random.randn(*shape)
    y = np.array([1, 2])
    model.reg = 0.0
    loss, _ = model.loss(X, y)
    assert abs(loss - np.log(kwargs["num_classes"])) < 0.1
    model.reg = 0.05
    loss, grads = model.loss(X, y)
    for name in sorted(model.params):
        if model.params[name].size > 3000:
            continue
        num = eval_numerical_gradient(lambda _: model.loss(X, y)[0], model.params[name], verbose=False, h=1e-6)
        # Relative to the gradient's scale; a unit whose input sits within h of a ReLU kink is allowed to differ
        # (a few such elements at most), as the numeric gradient straddles the kink there.
        wrong = np.abs(num - grads[name]) > 1e-5 * max(1e-8, np.max(np.abs(num)))
        assert wrong.sum() <= max(1, 0.02 * wrong.size), (name, int(wrong.sum()))


def test_overfits_50_examples():
    """Does the Solver drive ThreeLayerConvNet to 100% training accuracy on 50 digits?"""
    np.random.seed(1)
    data = load_mnist()
    small = {"X_train": data["X_train"][:50], "y_train": data["y_train"][:50],
             "X_val": data["X_val"][:50], "y_val": data["y_val"][:50]}
    model = ThreeLayerConvNet(input_dim=(1, 28, 28), num_filters=8, filter_size=5, hidden_dim=64,
                              weight_scale=1e-2)
    solver = Solver(model, small, update_rule="adam", optim_config={"learning_rate": 2e-3}, batch_size=10,
                    num_epochs=30, verbose=False)
    solver.train()
    # The Solver keeps the parameters with the best *validation* accuracy; the overfit shows in the history.
    assert max(solver.train_acc_history) == 1.0


@pytest.mark.parametrize("rule", ["sgd", "sgd_momentum", "rmsprop", "adam"])
def test_solver_runs_every_update_rule_and_lowers_the_loss(rule):
    """Does each update rule train (the loss goes down)?"""
    np.random.seed(2)
    data = load_mnist()
    small = {"X_train": data["X_train"][:100], "y_train": data["y_train"][:100],
             "X_val": data["X_val"][:20], "y_val": data["y_val"][:20]}
    model = ThreeLayerConvNet(input_dim=(1, 28, 28), num_filters=4, filter_size=3, hidden_dim=32, weight_scale=1e-2)
    lr = {"sgd": 0.1, "sgd_momentum": 0.05, "rmsprop": 1e-3, "adam": 1e-3}[rule]
    solver = Solver(model, small, update_rule=rule, optim_config={"learning_rate": lr}, batch_size=20,
                    num_epochs=5, verbose=False)
    solver.train()
    assert np.mean(solver.loss_history[-5:]) < np.mean(solver.loss_history[:5])
