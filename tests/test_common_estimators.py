"""Checks every mlfp estimator must pass, whatever it models.

The estimators come from tests/estimator_registry.py. The checks are the
contract of API.md: scikit-learn interoperability (clone, Pipeline,
GridSearchCV, cross_val_score), clear errors on bad input and before fit,
any class labels, constant features, pickling, and determinism under a
fixed random_state.
"""
import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from estimator_registry import ESTIMATORS
from mlfp.exceptions import NotFittedError

IDS = [f"{type(make()).__name__}-{i}" for i, (make, _) in enumerate(ESTIMATORS)]
CASES = [pytest.param(make, kind, id=i) for (make, kind), i in zip(ESTIMATORS, IDS)]
SUPERVISED = [c for c in CASES if c.values[1] in ("classifier", "regressor")]


def _data(kind):
    if kind == "classifier":
        X, y = load_breast_cancer(return_X_y=True)
        X, y = X[::4, :6], y[::4]          # 143 samples, 6 features, 2 classes
    elif kind == "regressor":
        X, y = load_diabetes(return_X_y=True)
        X, y = X[:150], y[:150]
    elif kind == "transformer":
        X, _ = load_digits(return_X_y=True)
        X, y = X[:120, ::4].astype(float), None   # 16 features
    else:  # clusterer
        X, y = load_iris(return_X_y=True)
        y = None
    X = StandardScaler().fit_transform(X) + 0.0
    return X, y


def _fit(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return est.fit(X) if y is None else est.fit(X, y)


def _output(est, X, kind):
    if kind in ("classifier", "regressor"):
        return est.predict(X)
    if kind == "transformer":
        return est.transform(X)
    return est.predict(X) if hasattr(est, "predict") else est.labels_


def test_registry_is_not_empty():
    assert len(ESTIMATORS) >= 1


@pytest.mark.parametrize("make, kind", CASES)
def test_clone_and_params_round_trip(make, kind):
    est = make()
    params = est.get_params()
    twin = clone(est)
    assert twin.get_params().keys() == params.keys()
    for k, v in params.items():
        assert twin.get_params()[k] is v or twin.get_params()[k] == v or (v != v)
    est.set_params(**params)
    with pytest.raises(ValueError, match="invalid parameter"):
        est.set_params(not_a_parameter_at_all=1)


@pytest.mark.parametrize("make, kind", CASES)
def test_fit_returns_self_and_learns_underscore_attributes(make, kind):
    X, y = _data(kind)
    est = make()
    before = set(vars(est))
    assert _fit(est, X, y) is est
    learned = set(vars(est)) - before
    assert learned, "fit learned nothing"
    public_learned = [a for a in learned if not a.startswith("_")]
    assert all(a.endswith("_") for a in public_learned), public_learned


@pytest.mark.parametrize("make, kind", CASES)
def test_unfitted_raises_not_fitted_error(make, kind):
    X, _ = _data(kind)
    est = make()
    method = {"classifier": "predict", "regressor": "predict", "transformer": "transform",
              "clusterer": "predict"}[kind]
    if not hasattr(est, method):
        pytest.skip(f"{type(est).__name__} has no {method} (a clusterer with labels_ only)")
    with pytest.raises(NotFittedError):
        getattr(est, method)(X)


@pytest.mark.parametrize("make, kind", CASES)
@pytest.mark.parametrize("bad", ["nan", "inf", "1d", "empty"])
def test_bad_input_raises_value_error(make, kind, bad):
    X, y = _data(kind)
    X = X.copy()
    if bad == "nan":
        X[3, 1] = np.nan
    elif bad == "inf":
        X[0, 0] = np.inf
    elif bad == "1d":
        X = X[:, 0]
    else:
        X, y = X[:0], (None if y is None else y[:0])
    with pytest.raises(ValueError):
        _fit(make(), X, y)


@pytest.mark.parametrize("make, kind", SUPERVISED)
def test_mismatched_lengths_raise(make, kind):
    X, y = _data(kind)
    with pytest.raises(ValueError):
        _fit(make(), X, y[:-1])


@pytest.mark.parametrize("make, kind", CASES)
def test_one_sample_is_handled_cleanly(make, kind):
    X, y = _data(kind)
    est = make()
    try:
        _fit(est, X[:1], None if y is None else y[:1])
    except ValueError as exc:
        assert str(exc), "the ValueError must say what is wrong"
        return
    out = _output(est, X[:1], kind)
    assert len(out) == 1


@pytest.mark.parametrize("make, kind", CASES)
def test_constant_feature_is_fine(make, kind):
    X, y = _data(kind)
    X = np.column_stack([X, np.full(len(X), 3.0)])
    est = _fit(make(), X, y)
    out = np.asarray(_output(est, X, kind))
    assert len(out) == len(X)
    if out.dtype.kind == "f":
        assert np.all(np.isfinite(out))


@pytest.mark.parametrize("make, kind", [c for c in CASES if c.values[1] == "classifier"])
def test_any_labels_strings_included(make, kind):
    X, y = _data(kind)
    names = np.array(["malignant", "benign"])[y]
    est = _fit(make(), X, names)
    assert list(est.classes_) == sorted(set(names))
    pred = est.predict(X)
    assert set(pred) <= set(names)
    # the same model on integer labels predicts the same partition, except where
    # the two classes are exactly tied: renaming the labels reverses the class
    # order, and a tie goes to the first class (as in scikit-learn)
    est2 = _fit(make(), X, y)
    decided = np.ones(len(X), dtype=bool)
    if hasattr(est, "predict_proba"):
        P = est.predict_proba(X)
        assert P.shape == (len(X), 2) and np.allclose(P.sum(axis=1), 1)
        decided = np.abs(P[:, 0] - P[:, 1]) > 1e-12
        assert decided.mean() > 0.5, "almost every prediction is a tie"
    assert np.array_equal((pred == "benign")[decided], (est2.predict(X) == 1)[decided])


@pytest.mark.parametrize("make, kind", CASES)
def test_pickle_round_trip(make, kind):
    X, y = _data(kind)
    est = _fit(make(), X, y)
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(_output(est, X, kind), _output(again, X, kind))


@pytest.mark.parametrize("make, kind", CASES)
def test_deterministic_with_fixed_random_state(make, kind):
    X, y = _data(kind)
    a, b = make(), make()
    if "random_state" in a.get_params():
        a.set_params(random_state=0)
        b.set_params(random_state=0)
    out_a = _output(_fit(a, X, y), X, kind)
    out_b = _output(_fit(b, X, y), X, kind)
    np.testing.assert_array_equal(out_a, out_b)


@pytest.mark.parametrize("make, kind", SUPERVISED)
def test_pipeline_cross_val_and_grid_search(make, kind):
    X, y = _data(kind)
    pipe = Pipeline([("scale", StandardScaler()), ("model", make())])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = cross_val_score(pipe, X, y, cv=3)
    assert scores.shape == (3,) and np.all(np.isfinite(scores))
    if kind == "classifier":
        assert scores.mean() > 0.6          # better than the 63% majority class, roughly
    est = make()
    name, value = next(iter(sorted(est.get_params().items())))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gs = GridSearchCV(est, {name: [value]}, cv=3).fit(X, y)
    assert np.isfinite(gs.best_score_)
