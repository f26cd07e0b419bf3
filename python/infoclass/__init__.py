# SPDX-License-Identifier: Apache-2.0
"""infoclass: classify information and propagate protection requirements.

A thin Python façade over the C++ library (``infoclass._core``)::

    import infoclass as ic
    m = ic.Model.load("model.json")
    a = m.propagate()
    a.effective("srv-01")          # {"K": 3, "R": 2, "T": 1, "S": 3}
    a.to_pandas()

Levels are ints (0 = lowest); ``None`` means unassessed (or none), and ``"na"``
or ``infoclass.NA`` means not applicable (FIPS 199 confidentiality). Every call
that takes a level takes it the same way: an int or integral float, the
level's key or name in either language, the compact token (``"K3"``); ``None``,
NaN, ``pandas.NA`` and ``NaT`` are unassessed. Properties are keys, role words
or names, case-insensitive.
"""

from . import _core
from ._asset import Asset
from ._assessment import Assessment
from ._core import Scheme, schemes
from ._errors import ModelError
from ._levels import NA
from ._model import Model
from ._scheme import _scheme_from_json, _scheme_preset  # noqa: F401  (pickles of schemes refer to them here)
from ._tools import classify, oscal_check, oscal_update
from . import examples

__version__ = _core.__version__

__all__ = ["Asset", "Assessment", "Model", "ModelError", "NA", "Scheme", "classify", "oscal_check", "oscal_update", "schemes",
           "__version__"]

# The public classes and functions belong to the package (stable pickles, help(), repr).
for _obj in (Asset, Assessment, Model, ModelError, classify, oscal_check, oscal_update):
    _obj.__module__ = __name__
del _obj

# A wrong argument type anywhere in the public API is a ModelError naming the call.
from ._errors import guard as _guard, guard_class as _guard_class  # noqa: E402

for _cls in (Asset, Assessment, Model):
    _guard_class(_cls)
classify = _guard(classify, "infoclass.classify")
oscal_check = _guard(oscal_check, "infoclass.oscal_check")
oscal_update = _guard(oscal_update, "infoclass.oscal_update")
del _cls
