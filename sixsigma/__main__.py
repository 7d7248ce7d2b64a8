"""`python -m sixsigma` runs the CLI."""

from sixsigma.cli.app import main

main()
