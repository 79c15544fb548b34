"""Say clearly whether this Python can run convkit (3.10 to 3.13), before anything is installed.

Usage: ``python3 tools/check_python.py`` (``make setup`` runs it; on Windows ``py tools\\check_python.py``).
Exits 0 when supported, 1 otherwise. Written for any Python 3, so that an old one still prints the message.
"""
import sys

SUPPORTED = ((3, 10), (3, 13))


def main():
    version = sys.version_info[:2]
    low, high = SUPPORTED
    if low <= version <= high:
        print("Python %d.%d: supported / 支持的版本" % version)
        return 0
    print("convkit needs Python %d.%d to %d.%d; %s is Python %d.%d." % (low + high + (sys.executable,) + version))
    print("convkit 需要 Python %d.%d 到 %d.%d；%s 是 Python %d.%d。" % (low + high + (sys.executable,) + version))
    print("Install a supported Python (python.org, `brew install python@3.12`, `sudo apt install python3.12`,")
    print("or `winget install Python.Python.3.12`), then: make setup PYTHON=python3.12")
    print("请安装受支持的 Python 版本，然后运行：make setup PYTHON=python3.12")
    return 1


if __name__ == "__main__":
    sys.exit(main())
