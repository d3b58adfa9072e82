"""`python -m central` (also the `simpul-central` script): see central/cli.py."""

from central.cli import main

if __name__ == "__main__":
    main()
