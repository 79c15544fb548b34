"""The Solver trains a classification model with a first-order update rule (given code, no exercise).

CS231n's interface: ``Solver(model, data, **kwargs)``, ``train()``, ``check_accuracy(X, y)``; histories in
``loss_history``, ``train_acc_history`` and ``val_acc_history``; the best parameters end up in ``model.params``.
Two additions: an ``augment`` hook applied to each training minibatch, and a ``time_limit`` in seconds after which
training stops gracefully at the end of an iteration.
"""
import time

import numpy as np

from . import optim


class Solver(object):
    """Trains a model with minibatch stochastic gradient descent.

    Required arguments:
    - model: an object with ``params`` (dict name -> array) and ``loss(X, y=None)`` returning scores
      (N, C) for y None, else (loss, grads).
    - data: dict with X_train (N_train, d_1, ..., d_k), y_train (N_train,), X_val, y_val.

    Optional arguments: update_rule (name in optim, or a callable; default 'sgd'), optim_config (dict),
    lr_decay (per epoch, default 1.0), batch_size (100), num_epochs (10), num_train_samples (1000),
    num_val_samples (None: all), checkpoint_name (None), print_every (10), verbose (True),
    augment (callable X_batch -> X_batch, default None), time_limit (seconds, default None).
    """

    def __init__(self, model, data, **kwargs):
        self.model = model
        self.X_train, self.y_train = data["X_train"], data["y_train"]
        self.X_val, self.y_val = data["X_val"], data["y_val"]
        self.update_rule = kwargs.pop("update_rule", "sgd")
        self.optim_config = kwargs.pop("optim_config", {})
        self.lr_decay = kwargs.pop("lr_decay", 1.0)
        self.batch_size = kwargs.pop("batch_size", 100)
        self.num_epochs = kwargs.pop("num_epochs", 10)
        self.num_train_samples = kwargs.pop("num_train_samples", 1000)
        self.num_val_samples = kwargs.pop("num_val_samples", None)
        self.checkpoint_name = kwargs.pop("checkpoint_name", None)
        self.print_every = kwargs.pop("print_every", 10)
        self.verbose = kwargs.pop("verbose", True)
        self.augment = kwargs.pop("augment", None)
        self.time_limit = kwargs.pop("time_limit", None)
        if kwargs:
            raise ValueError("Unrecognized arguments %s" % ", ".join('"%s"' % k for k in kwargs))
        if isinstance(self.update_rule, str):
            if self.update_rule not in ("sgd", "sgd_momentum", "rmsprop", "adam"):
                raise ValueError('Invalid update_rule "%s"' % self.update_rule)
            self.update_rule = getattr(optim, self.update_rule)
        self._reset()

    def _reset(self):
        self.epoch = 0
        self.best_val_acc = 0
        self.best_params = {}
        self.loss_history = []
        self.train_acc_history = []
        self.val_acc_history = []
        self.optim_configs = {p: dict(self.optim_config) for p in self.model.params}

    def _step(self):
        num_train = self.X_train.shape[0]
        batch_mask = np.random.choice(num_train, self.batch_size)
        X_batch, y_batch = self.X_train[batch_mask], self.y_train[batch_mask]
        if self.augment is not None:
            X_batch = self.augment(X_batch)
        loss, grads = self.model.loss(X_batch, y_batch)
        self.loss_history.append(loss)
        for p, w in self.model.params.items():
            next_w, next_config = self.update_rule(w, grads[p], self.optim_configs[p])
            self.model.params[p] = next_w
            self.optim_configs[p] = next_config

    def _save_checkpoint(self):
        if self.checkpoint_name is None:
            return
        np.savez(f"{self.checkpoint_name}_epoch_{self.epoch}.npz", **self.model.params)

    def check_accuracy(self, X, y, num_samples=None, batch_size=100):
        """Fraction of examples of (X, y) the model classifies correctly (on a subsample if num_samples)."""
        N = X.shape[0]
        if num_samples is not None and N > num_samples:
            mask = np.random.choice(N, num_samples)
            N, X, y = num_samples, X[mask], y[mask]
        y_pred = []
        for i in range(0, N, batch_size):
            scores = self.model.loss(X[i:i + batch_size])
            y_pred.append(np.argmax(scores, axis=1))
        return float(np.mean(np.hstack(y_pred) == y))

    def train(self):
        """Run optimization; keeps the parameters with the best validation accuracy in the model."""
        start = time.monotonic()
        num_train = self.X_train.shape[0]
        iterations_per_epoch = max(num_train // self.batch_size, 1)
        num_iterations = self.num_epochs * iterations_per_epoch
        for t in range(num_iterations):
            self._step()
            if self.verbose and t % self.print_every == 0:
                print("(Iteration %d / %d) loss: %f" % (t + 1, num_iterations, self.loss_history[-1]))
            epoch_end = (t + 1) % iterations_per_epoch == 0
            if epoch_end:
                self.epoch += 1
                for k in self.optim_configs:
                    self.optim_configs[k]["learning_rate"] = \
                        self.optim_configs[k].get("learning_rate", 1e-2) * self.lr_decay
            out_of_time = self.time_limit is not None and time.monotonic() - start > self.time_limit
            if t == 0 or t == num_iterations - 1 or epoch_end or out_of_time:
                train_acc = self.check_accuracy(self.X_train, self.y_train, num_samples=self.num_train_samples)
                val_acc = self.check_accuracy(self.X_val, self.y_val, num_samples=self.num_val_samples)
                self.train_acc_history.append(train_acc)
                self.val_acc_history.append(val_acc)
                self._save_checkpoint()
                if self.verbose:
                    print("(Epoch %d / %d) train acc: %f; val_acc: %f" % (self.epoch, self.num_epochs, train_acc,
                                                                          val_acc))
                if val_acc > self.best_val_acc:
                    self.best_val_acc = val_acc
                    self.best_params = {k: v.copy() for k, v in self.model.params.items()}
            if out_of_time:
                if self.verbose:
                    print("(time limit of %g s reached)" % self.time_limit)
                break
        self.model.params = self.best_params
