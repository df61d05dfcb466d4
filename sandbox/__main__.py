"""``python -m sandbox``: the same as ``newsbot sandbox``."""

import sys

from sandbox.cli import cli_main

if __name__ == "__main__":
    sys.exit(cli_main(sys.argv[1:]))
