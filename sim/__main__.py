"""``python -m sim``: an alias of ``python -m runners`` (the ``trappa`` command).

The engine must not import the CLI that sits on top of it (the import graph stays one
way), so the alias replaces this process by ``python -m runners`` with the same arguments
instead of importing it: same process id, same exit status, signals reach the command.
"""

import os
import subprocess
import sys

argv = [sys.executable, "-m", "runners", *sys.argv[1:]]
if os.name == "posix":
    os.execv(sys.executable, argv)
raise SystemExit(subprocess.call(argv))  # Windows: execv would not keep the console
