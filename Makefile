# The verbs of convkit. Every target runs inside .venv, which `make setup` builds from setup.cfg.
PY      := .venv/bin/python
STAMP   := .venv/.installed-from-setup.cfg
TARGET  ?= solutions
OUT     ?= out
MODEL   ?= lenet

.PHONY: setup stubs check-stubs test test-all golden demo check grade release train bench run-notebooks \
        verify-grader submit datasets clean

setup: $(STAMP)

# Only the dependencies are installed, never the project itself: an installed project would put
# solutions/ on the import path of every interpreter in .venv, the sandboxed student worker included.
$(STAMP): setup.cfg
	@python3 -c "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 'convkit needs Python 3.10 or newer; this python3 is ' + sys.version.split()[0])"
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c "import configparser; c = configparser.ConfigParser(); c.read('setup.cfg'); open('.venv/requirements.txt', 'w').write(c['options']['install_requires'].strip() + '\n')"
	$(PY) -m pip install --quiet -r .venv/requirements.txt
	@command -v bwrap >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -qq bubblewrap >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq bubblewrap >/dev/null 2>&1)) \
	      || echo "note: could not install bubblewrap; the grader will fall back to rlimits only"; \
	  else echo "note: bubblewrap (bwrap) is not installed; the grader will fall back to rlimits only"; fi; }
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1)) \
	      || echo "note: could not install chromium; the browser tests of the review page will be skipped"; \
	  else echo "note: chromium is not installed; the browser tests of the review page will be skipped"; fi; }
	touch $(STAMP)

stubs: setup
	$(PY) -m grader.instructor stubs

check-stubs: setup
	$(PY) -m grader.instructor stubs --check

test: setup
	$(PY) -m pytest -q

test-all: setup
	$(PY) -m pytest -q -m ""

# After an intended change of wording: re-render tests/golden/{en,zh}/*.txt, then review `git diff tests/golden`.
golden: setup
	CONVKIT_UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_i18n.py

demo: setup
	$(PY) -m grader.instructor demo -o $(OUT)/demo

check: setup
	$(PY) -m grader.instructor check assignment

release: setup
	$(PY) -m grader.instructor release -o dist/convkit-student.zip

# One BLAS thread: the nets' matrices are small, and threads that spin-wait cost 3-5x on a busy machine.
train: setup
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(PY) -m grader.instructor train --model $(MODEL)

bench: setup
	$(PY) -m grader.instructor bench

run-notebooks: setup
	$(PY) -m grader.instructor notebooks --target $(TARGET)

verify-grader: setup
	$(PY) -m grader.instructor verify

submit: setup
	$(PY) -m grader.instructor submit -o submission.zip

datasets: setup
	$(PY) -m datasets.download

clean:
	rm -rf $(OUT) dist build submission.zip
