"""``@validate_params`` on the public theory functions (imbalanced-learn's
test_public_functions; issue 11 item 8): each is fed a wrong type and a wrong value and
must answer with sklearn's InvalidParameterError naming the parameter."""

import numpy as np
import pytest
from sklearn.utils._param_validation import InvalidParameterError

from sknnmath import ballnet

# (function, valid kwargs, parameter to break, wrong type, wrong value)
CASES = [
    (ballnet.layer_widths, {"depth": 3}, "depth", "3", -1),
    (ballnet.sphere_points, {"m": 8, "d": 2}, "m", 8.5, 0),
    (ballnet.sphere_points, {"m": 8, "d": 2}, "d", "2", -1),
    (ballnet.ball_volume, {"d": 3}, "r", "1", -1.0),
    (ballnet.polygon_area, {"m": 8}, "kind", 3, "square"),
    (ballnet.polygon_area_excess, {"m": 8}, "r", "1", 0.0),
    (ballnet.polygon_area_excess_asymptotic, {"m": 8}, "kind", 1.0, "area_matched"),
    (ballnet.expected_polygon_accuracy, {"m": 8}, "half_width", "1.5", -1.0),
    (ballnet.minimum_enclosing_ball, {"P": np.zeros((3, 2))}, "P", "points", None),
]


@pytest.mark.parametrize("func,kwargs,param,wrong_type,wrong_value", CASES,
                         ids=[f"{c[0].__name__}-{c[2]}" for c in CASES])
def test_public_function_validates(func, kwargs, param, wrong_type, wrong_value):
    func(**kwargs)  # the valid call works
    for bad in (wrong_type, wrong_value):
        if bad is None:
            continue
        with pytest.raises(InvalidParameterError, match=f"'{param}' parameter of {func.__name__}"):
            func(**{**kwargs, param: bad})


def test_array_valued_m_still_accepted():
    np.testing.assert_allclose(ballnet.polygon_area(np.array([4, 8]), kind="area_matched"), np.pi)
