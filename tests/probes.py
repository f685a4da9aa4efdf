"""Programs for ``python -c`` that run istui's command line in a fresh process,
for the tests of what each entry point imports and answers."""

from __future__ import annotations

#: The lean entry point (istui.lean), reporting on stderr, as JSON, the
#: modules loaded when it ends at os._exit.
LEAN_MODULES = """
import json, os, sys
real_exit = os._exit
def reporting_exit(code):
    sys.stderr.write(json.dumps(sorted(sys.modules)) + "\\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = reporting_exit
sys.argv = ["istui", *sys.argv[1:]]
from istui.lean import main
main()
"""
#: The click command line, reporting on stderr, as JSON, the modules loaded.
CLICK_MODULES = """
import json, sys
from istui.cli import main
sys.argv = ["istui", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
#: The command line as it was before the lean paths: click for everything.
CLICK = """
import sys
sys.argv = ["istui", *sys.argv[1:]]
from istui.cli import main
main()
"""
