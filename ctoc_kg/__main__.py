"""``python -m ctoc_kg`` runs the command line."""

from ctoc_kg.cli import main

if __name__ == "__main__":
    main(prog_name="ctoc-kg")
