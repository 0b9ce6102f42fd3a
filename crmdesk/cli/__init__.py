"""The `crmdesk` command line: sub-commands over the services. Never imports Qt (only `report` loads it to lay
pages out).

- ``parser``: every command's options (building it imports no pandas and no import engine, so ``--help`` is fast);
- ``dispatch``: runs a parsed command, turning a refusal into a one-line message and exit code 1;
- ``common``: the plumbing every command uses (the owner's sign-in, refusing a missing database, the language,
  tables, dates);
- ``texts``: every word the command line prints, in Korean and English;
- one module per group of commands: ``customers``, ``transfer`` (import and export), ``analytics``, ``reports``,
  ``backups``, ``trust``, ``loyalty``.

Exit codes: 0 done, 1 refused or failed (one-line reason on stderr), 2 bad usage (argparse).
"""
