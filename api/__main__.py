import sys

from api.cli import main

if __name__ == "__main__":  # not when a spawned worker (`tracuu serve`'s writer) imports it as __mp_main__
    sys.exit(main())
