"""Fails if a secret's plaintext appears in any file of Freshet's data
directory or in its log. Usage: grep_secret.py PLAINTEXT..."""
import os
import sys

needles = [a.encode() for a in sys.argv[1:]]
roots = [os.environ["FRESHET_DATA_DIR"]]
files = [os.environ["FRESHET_LOG"]]
for root in roots:
    for dirpath, _, names in os.walk(root):
        files.extend(os.path.join(dirpath, n) for n in names)
checked = 0
for path in files:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        continue
    checked += 1
    for needle in needles:
        if needle in data:
            print(f"FOUND {needle.decode()!r} in {path}")
            sys.exit(1)
print(f"checked {checked} files: no plaintext" if checked > 2 else "too few files to check")
sys.exit(0 if checked > 2 else 1)
