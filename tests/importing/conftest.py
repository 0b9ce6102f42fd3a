from pathlib import Path

import pytest
from import_helpers import SAMPLE


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    """The shared POS sample, copied: the import writes its rejected-rows report beside the source."""
    target = tmp_path / SAMPLE.name
    target.write_bytes(SAMPLE.read_bytes())
    return target
