"""Process capability: normal, non-normal and attribute, with the checks a belt-holder needs.

>>> from sixsigma.capability import capability
>>> res = capability(df, value="handle_s", usl=360, distribution="auto", unit="s", item="calls")
>>> res.ppk, res.ci("ppk"), res.checks
>>> print(res.summary())   # "... about 1 in 40 calls will exceed 360 s."

Pure computation (numpy / scipy); the figure lives in :mod:`sixsigma.plots.capability`.
"""

from sixsigma.capability.analysis import DISTRIBUTIONS, capability, distribution_name
from sixsigma.capability.attribute import binomial_capability, poisson_capability
from sixsigma.capability.nonnormal import FAMILIES
from sixsigma.capability.normal import SIGMA_METHODS
from sixsigma.capability.result import AttributeCapabilityResult, CapabilityResult
from sixsigma.capability.sigma_level import SigmaLevel, dpmo, sigma_level

__all__ = [
    "DISTRIBUTIONS",
    "FAMILIES",
    "SIGMA_METHODS",
    "AttributeCapabilityResult",
    "CapabilityResult",
    "SigmaLevel",
    "binomial_capability",
    "capability",
    "distribution_name",
    "dpmo",
    "poisson_capability",
    "sigma_level",
]
