"""Loaded before tests/conftest.py (shared work in progress, so this lives beside it): the audit log's keys
(crmdesk/store/audit_key.py) are kept in the user's data folder; a test run keeps them in a temporary folder, for
this process and every crmdesk process the tests start, and never touches the developer's own keys."""

import os
import tempfile

os.environ["CRMDESK_KEYS"] = tempfile.mkdtemp(prefix="crmdesk-test-keys-")
