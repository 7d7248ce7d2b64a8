"""sixsigma: Six Sigma analytics for service operations.

Data flows one way: warehouse -> analyses -> results -> plots -> reports/CLI.
"""

from sixsigma.errors import SixSigmaError

__all__ = ["SixSigmaError", "__version__"]
__version__ = "0.1.0"
