"""Make JupyterLab open the chapters (MyST Markdown, .md) as runnable notebooks, via jupytext.

Writes <venv>/share/jupyter/lab/settings/overrides.json (JupyterLab's documented place for
default settings of an installation). Usage: python book/_tools/lab_settings.py .venv
"""

import json
import sys
from pathlib import Path

venv = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
target = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
target.parent.mkdir(parents=True, exist_ok=True)
settings = json.loads(target.read_text()) if target.exists() else {}
settings.setdefault("@jupyterlab/docmanager-extension:plugin", {})["defaultViewers"] = {
    "markdown": "Jupytext Notebook",
    "myst": "Jupytext Notebook",
}
target.write_text(json.dumps(settings, indent=2))
print(f"JupyterLab opens .md chapters as notebooks (settings in {target}).")
print("Classroom notebooks are in notebooks/, chapters in book/.")
