"""`python -m render` runs the recovery-print command line."""

import sys

from .cli import main

sys.exit(main())
