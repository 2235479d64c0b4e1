"""``python -m allocation ...``: the same command line as the ``allocation`` script.

Useful where the script's folder is not on PATH (a Windows venv that is not activated:
``.venv\\Scripts\\python -m allocation run ...``).
"""

from __future__ import annotations

import sys

from allocation.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
