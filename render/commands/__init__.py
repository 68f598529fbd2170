"""The commands: one module for each command of the command line, the only code that combines
the stages. `cli.py` parses arguments and prints what they return, `api.py` re-exports them for
Python callers, and the workbench (`serve`) calls the same ones. Each imports the stages it
uses when it is called, so the command line starts at once."""
