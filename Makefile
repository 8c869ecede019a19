# jyolo: the two commands are `make lab` and `make test`. Every target sets up only what is
# missing (environment/setup.sh prints one line per step), so running one twice is cheap.
SHELL := /bin/bash
ROOT := $(abspath .)
# JYOLO_VENV moves the Python environment (as for environment/setup.sh)
VENV := $(or $(JYOLO_VENV),$(ROOT)/environment/venv)
PY := $(VENV)/bin/python
SETUP := environment/setup.sh
# glibc malloc settings for every JVM started here (environment/malloc.env says why); a
# GLIBC_TUNABLES already in the environment wins
export GLIBC_TUNABLES ?= $(shell sed -n 's/^GLIBC_TUNABLES=//p' environment/malloc.env)
MVN := mvn -B
# jupyter refuses to run as root unless told (containers, CI)
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
LAB_ARGS ?=
REPORT_ARGS ?=
BENCH_ARGS ?=
TB_PORT ?= 6006

.PHONY: help setup lab test test-gpu gpu-check report tensorboard train detect spark-detect bench bench-jar bench-profile bench-memory bench-parity clean

help:
	@echo "make lab          set up, then open JupyterLab on notebooks/ (LAB_ARGS='--no-browser --port=8888')"
	@echo "make test         set up, then run every test (Maven + notebooks + environment; the GPU group where a GPU is seen)"
	@echo "make test-gpu     the GPU test group alone (JUnit tag gpu; skipped with the reason when no GPU is usable)"
	@echo "make gpu-check    prove the GPU route on this machine, GPU or not (downloads the CUDA torch wheel once)"
	@echo "make report       execute the notebooks and export HTML into reports/ (QUICK=1: quick mode)"
	@echo "make tensorboard  serve log/ with TensorBoard (TB_PORT=$(TB_PORT))"
	@echo "make train        train Fast YOLO on the demo dataset (CPU-friendly settings)"
	@echo "make detect       run the demo run on sample images and a video"
	@echo "make spark-detect RUN=DIR INPUT=FOLDER|GLOB|LIST.txt OUT=DIR  the Spark detection job in local[*] (no cluster)"
	@echo "make bench        benchmarks (not part of make test)"
	@echo "make bench-profile  the training step op by op, Java against PyTorch"
	@echo "make bench-memory   resident memory of the trainer over 800 steps"
	@echo "make bench-parity   learning parity with PyTorch on BCCD (same weights and batches)"
	@echo "make clean        remove build outputs (keeps data/, log/ and the Python environment)"

setup:
	@$(SETUP) all

lab: setup
	cd notebooks && $(VENV)/bin/jupyter lab $(ROOT_FLAG) $(LAB_ARGS)

# On the GPU route (environment/setup.sh gpu-wanted) the tests run on the CUDA libtorch, and the GPU
# group (@Tag("gpu")) runs on the GPU; elsewhere that group skips with its reason printed.
GPU_TEST_ENV = $(shell environment/setup.sh gpu-env 2>/dev/null)
GPU_BUILD_FLAG = $(shell environment/setup.sh gpu-wanted && echo -Dgpu)
test: setup
	$(if $(GPU_TEST_ENV),env $(GPU_TEST_ENV)) $(MVN) verify $(GPU_BUILD_FLAG) -Djyolo.python=$(PY)
	@$(SETUP) browser
	$(PY) -m pytest -v -rs -p no:cacheprovider environment/tests

test-gpu: setup
	$(if $(GPU_TEST_ENV),env $(GPU_TEST_ENV)) $(MVN) verify $(GPU_BUILD_FLAG) -Dgroups=gpu -Dsurefire.failIfNoSpecifiedTests=false -Djyolo.python=$(PY)

gpu-check:
	@environment/gpu-check.sh

# QUICK=1: quick mode (every notebook runs on a CPU in a few minutes); REPORT_ARGS="--out DIR 01-dataset ..."
report: setup
	$(if $(QUICK),JYOLO_QUICK=$(QUICK)) $(PY) environment/report.py $(REPORT_ARGS)

tensorboard: setup
	@mkdir -p log
	$(VENV)/bin/tensorboard --logdir log --host 127.0.0.1 --port $(TB_PORT)

# Fast YOLO on the demo dataset with the library's defaults (TrainConfig: fast-conv at 192 px, 6 epochs,
# batch 16, Adam 1e-3; `jyolo train --help` lists them); continues the run when it exists.
# TRAIN_ARGS="--epochs 10 --size 256" overrides any of them.
TRAIN_ARGS ?=
train: setup
	environment/jyolo train --resume-if-exists --data data/shapes --run log/shapes-fast $(TRAIN_ARGS)

# make detect: the demo run on the first DETECT_IMAGES images of the test split and on DETECT_VIDEO (if present)
DETECT_RUN ?= log/shapes-fast
DETECT_OUT ?= $(DETECT_RUN)/detections
DETECT_IMAGES ?= 8
DETECT_VIDEO ?= ../shared/video/cars-top-down.mp4
DETECT_VIDEO_ARGS ?= --every 2 --max-frames 100
detect: setup
	@[ -f $(DETECT_RUN)/config.json ] || { echo "make detect: no trained run in $(DETECT_RUN); run 'make train' first" >&2; exit 1; }
	@set -e; samples=$$(mktemp -d); trap 'rm -rf "$$samples"' EXIT; \
	head -n $(DETECT_IMAGES) data/shapes/ImageSets/Main/test.txt | while read -r id; do \
	  cp data/shapes/JPEGImages/$$id.* "$$samples"/; done; \
	environment/jyolo detect --run $(DETECT_RUN) --input "$$samples" --out $(DETECT_OUT)/images
	@if [ -f $(DETECT_VIDEO) ]; then \
	  environment/jyolo detect --run $(DETECT_RUN) --input $(DETECT_VIDEO) --out $(DETECT_OUT) $(DETECT_VIDEO_ARGS); \
	else echo "make detect: no sample video at $(DETECT_VIDEO); skipping the video"; fi

# The Spark batch-detection job (spark/ module) on this machine in local[*] mode: Parquet detections,
# failures and summary.json in OUT. SPARK_ARGS="--max-frames 100 --overwrite --threshold 0.3" passes options
# (environment/jyolo-spark --help lists them); README "Batch detection on Spark" has the cluster command.
SPARK_ARGS ?=
spark-detect: setup
	@[ -n "$(RUN)" ] && [ -n "$(INPUT)" ] && [ -n "$(OUT)" ] \
	  || { echo "usage: make spark-detect RUN=<run folder> INPUT=<folder|glob|list.txt|file> OUT=<output folder> [SPARK_ARGS=...]" >&2; exit 1; }
	environment/jyolo-spark --run '$(RUN)' --input '$(INPUT)' --out '$(OUT)' $(SPARK_ARGS)

# The benchmark workers live in their own Maven module (bench/java, not in jyolo.jar); its jar is rebuilt
# (with the library) when missing or older than a source. BENCH_JAR=path uses that jar instead, unbuilt.
BENCH_JAR_BUILT := bench/java/target/jyolo-bench.jar
BENCH_CP = $(or $(BENCH_JAR),$(BENCH_JAR_BUILT))
bench-jar:
	@if [ -n "$(BENCH_JAR)" ]; then echo "bench: using BENCH_JAR=$(BENCH_JAR)"; \
	elif [ -f $(BENCH_JAR_BUILT) ] && [ -z "$$(find pom.xml lib/pom.xml lib/src/main bench/java/pom.xml \
	    bench/java/src/main -newer $(BENCH_JAR_BUILT) -type f | head -n1)" ]; then \
	  echo "bench: $(BENCH_JAR_BUILT) up to date"; \
	else echo "bench: building $(BENCH_JAR_BUILT) (mvn package -pl bench/java -am)"; \
	  $(MVN) -q package -pl bench/java -am -DskipTests $(GPU_BUILD_FLAG); fi

# Java (DJL) against a PyTorch reference; its own venv bench/venv (torch from PyPI, several GB, once).
# BENCH_ARGS="--only train,infer" picks groups, "--device gpu" the GPU variant, "--quick" one round each.
bench: bench-jar
	@bench/setup.sh
	bench/venv/bin/python bench/run_bench.py $(BENCH_ARGS)

# Resident memory of the real trainer, read after every step (bench/results/trainer-memory.md).
bench-memory: setup bench-jar
	@rm -rf bench/results/tmp/trainer-memory && mkdir -p bench/results/tmp
	java -Dai.djl.offline=true -XX:+AlwaysPreTouch -cp $(BENCH_CP) io.jyolo.bench.TrainerMemory --data data/shapes \
	  --steps 800 --out bench/results/tmp/trainer-memory --report bench/results/trainer-memory.md \
	  | grep '^MEMORY' > bench/results/tmp/trainer-memory.json
	@cat bench/results/trainer-memory.md

# The training step op by op (libtorch's profiler on both sides): where a Java/PyTorch gap comes from.
# BENCH_PROFILE_ARGS="--arch fast --steps 10" narrows it.
bench-profile: bench-jar
	@bench/setup.sh
	bench/venv/bin/python bench/profile_step.py $(BENCH_PROFILE_ARGS)

# Learning parity on BCCD: jyolo and the PyTorch reference from the same weights on the same batches,
# both scored by jyolo evaluate (bench/results/parity-bccd.md; about 5 minutes on an idle 2-core machine).
# BENCH_PARITY_ARGS="--epochs 4 --augment paper" changes the setting.
bench-parity:
	@bench/setup.sh
	@$(SETUP) jar
	bench/venv/bin/python bench/parity.py $(BENCH_PARITY_ARGS)

clean:
	$(MVN) -q clean || rm -rf lib/target spark/target bench/java/target
	rm -rf reports
