"""The set-up script: idempotence, one-line explanations for missing prerequisites, the kernelspec."""
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

from conftest import ROOT, VENV

SETUP = ROOT / "environment" / "setup.sh"


def run_setup(*args, env=None, timeout=600):
    return subprocess.run([str(SETUP), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_second_setup_reinstalls_nothing():
    first = run_setup("all")
    assert first.returncode == 0, first.stderr
    second = run_setup("all")
    assert second.returncode == 0, second.stderr
    lines = second.stdout.strip().splitlines()
    assert any("python environment up to date" in l for l in lines), lines
    assert any("library jar up to date" in l for l in lines), lines
    assert any("kernel 'jyolo' up to date" in l for l in lines), lines
    assert any("demo dataset present" in l for l in lines), lines
    assert not any("installed" in l or "built" in l or "generated" in l for l in lines), lines



def test_turbojpeg_step_installs_into_the_cache_with_its_licence_or_says_why_not(tmp_path):
    """In an empty cache the step unpacks Debian's libturbojpeg0 with its licence (or says in one line why
    not), a second run finds it, and a system without apt-get gets one line and no failure."""
    env = dict(os.environ, JYOLO_CACHE_DIR=str(tmp_path / "cache"))
    first = run_setup("turbojpeg", env=env)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip().splitlines()) == 1, first.stdout
    folder = tmp_path / "cache" / "turbojpeg"
    if "installed" in first.stdout:
        assert (folder / "libturbojpeg.so.0").stat().st_size > 100_000
        assert "libjpeg-turbo" in (folder / "copyright").read_text()
        second = run_setup("turbojpeg", env=env)
        assert "TurboJPEG up to date" in second.stdout, second.stdout
    else:
        print("turbojpeg step: " + first.stdout.strip())
        assert "ImageIO decodes JPEGs" in first.stdout or "the system's" in first.stdout, first.stdout
    (tmp_path / "p").mkdir()
    no_apt = dict(env, JYOLO_CACHE_DIR=str(tmp_path / "other"),
                  PATH=fake_path(tmp_path / "p", {"apt-get", "ldconfig"}))
    third = run_setup("turbojpeg", env=no_apt)
    assert third.returncode == 0, third.stderr
    assert "no apt-get here, so ImageIO decodes JPEGs" in third.stdout, third.stdout

def fake_path(tmp_path: Path, drop: set, replace: dict = None) -> str:
    """A PATH holding the usual tools except those in `drop`, with `replace` scripts instead of real ones."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wanted = ["bash", "sh", "env", "sed", "head", "cat", "sha256sum", "cut", "find", "grep", "dirname",
              "printf", "mkdir", "id", "java", "javac", "mvn", "python3", "uname", "readlink", "which", "tr",
              "basename", "sort", "tail", "ls", "rm", "cp", "mv", "chmod", "date", "expr", "test"]
    for tool in wanted:
        if tool in drop or (replace and tool in replace):
            continue
        real = shutil.which(tool)
        if real:
            (bin_dir / tool).symlink_to(real)
    for tool, script in (replace or {}).items():
        p = bin_dir / tool
        p.write_text("#!/bin/sh\n" + script + "\n")
        p.chmod(0o755)
    return str(bin_dir)


def check_with(tmp_path, drop=(), replace=None):
    env = dict(os.environ, PATH=fake_path(tmp_path, set(drop), replace))
    return run_setup("check", env=env, timeout=60)


def assert_one_line(result, *words):
    assert result.returncode != 0
    out = (result.stdout + result.stderr).strip()
    assert len(out.splitlines()) == 1, out
    assert "Traceback" not in out and "Exception" not in out
    for w in words:
        assert w in out, out


def test_missing_java(tmp_path):
    assert_one_line(check_with(tmp_path, drop={"java", "javac"}), "java not found")


def test_wrong_java_version(tmp_path):
    old_java = 'echo "    java.specification.version = 11" >&2; echo \'openjdk version "11.0.2"\' >&2'
    assert_one_line(check_with(tmp_path, replace={"java": old_java}), "Java 11", "17")


def test_missing_maven(tmp_path):
    assert_one_line(check_with(tmp_path, drop={"mvn"}), "mvn not found")


def test_missing_python(tmp_path):
    assert_one_line(check_with(tmp_path, drop={"python3"}), "python3 not found")


def test_no_network_for_pip(tmp_path):
    env = dict(os.environ, JYOLO_VENV=str(tmp_path / "venv"), PIP_INDEX_URL="http://127.0.0.1:9/simple",
               PIP_FIND_LINKS="", PIP_RETRIES="0", PIP_TIMEOUT="2", PIP_NO_CACHE_DIR="1")
    result = run_setup("venv", env=env, timeout=300)
    assert_one_line(result, "pip could not download packages from PyPI")


def kernel_spec():
    return json.loads((VENV / "share" / "jupyter" / "kernels" / "jyolo" / "kernel.json").read_text())


def test_kernelspec_lives_in_the_venv_only():
    spec = kernel_spec()
    assert spec["display_name"] == "Java (jyolo)"
    env = spec["env"]
    cp = env["JJAVA_CLASSPATH"].split(os.pathsep)
    assert cp[0].endswith("lib/target/jyolo.jar")
    assert all(Path(p).exists() for p in cp)
    assert "-Dai.djl.offline=true" in env["JJAVA_JVM_OPTS"]
    assert Path(env["JJAVA_STARTUP_SCRIPTS_PATH"]).exists()
    listed = subprocess.run([str(VENV / "bin" / "jupyter"), "kernelspec", "list", "--json"],
                            capture_output=True, text=True, check=True)
    specs = json.loads(listed.stdout)["kernelspecs"]
    assert str(VENV) in specs["jyolo"]["resource_dir"]


def malloc_env_tunables():
    lines = (ROOT / "environment" / "malloc.env").read_text().splitlines()
    return next(line.split("=", 1)[1] for line in lines if line.startswith("GLIBC_TUNABLES="))


def test_kernel_and_launcher_start_java_with_the_malloc_settings():
    """The kernel's JVM and environment/jyolo get environment/malloc.env's GLIBC_TUNABLES; the caller's
    wins, an empty one keeps glibc's defaults."""
    tunables = malloc_env_tunables()
    assert "glibc.malloc.arena_max=1" in tunables
    assert kernel_spec()["env"]["GLIBC_TUNABLES"] == os.environ.get("GLIBC_TUNABLES", tunables)
    launcher = ROOT / "environment" / "jyolo"
    env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"}
    info = subprocess.run([str(launcher), "info"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert info.returncode == 0, info.stderr
    assert info.stdout.strip().endswith("malloc " + tunables), info.stdout
    env["GLIBC_TUNABLES"] = "glibc.malloc.arena_max=2"
    info = subprocess.run([str(launcher), "info"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert info.stdout.strip().endswith("malloc glibc.malloc.arena_max=2"), info.stdout
    env["GLIBC_TUNABLES"] = ""  # empty: glibc's defaults, said so
    info = subprocess.run([str(launcher), "info"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "malloc glibc defaults" in info.stdout, info.stdout


BANNED = ("kotlin/", "scala/", "groovy/", "org/codehaus/groovy/", "org/apache/groovy/")


def banned_classes(jar):
    """Kotlin, Scala or Groovy runtime classes inside a jar (the first few)."""
    with zipfile.ZipFile(jar) as z:
        return [n for n in z.namelist() if n.startswith(BANNED) and n.endswith(".class")][:3]


def manifest_class_path(jar):
    """The jars `java -jar jar` loads: the jar and its manifest's Class-Path, relative to the jar's folder."""
    with zipfile.ZipFile(jar) as z:
        text = z.read("META-INF/MANIFEST.MF").decode("utf-8").replace("\r\n", "\n")
    unfolded = text.replace("\n ", "")  # manifest lines are folded at 72 bytes
    entries = next((l.split(":", 1)[1].split() for l in unfolded.splitlines() if l.startswith("Class-Path:")), [])
    return [jar] + [jar.parent / e for e in entries]


def test_no_kotlin_scala_or_groovy_on_the_runtime_class_paths():
    """The library's, the kernel's and the CLI's class paths hold only Java: no Kotlin, Scala or Groovy runtime."""
    spec = kernel_spec()
    jars = [Path(p) for p in spec["env"]["JJAVA_CLASSPATH"].split(os.pathsep)]
    jars += [Path(a) for a in spec["argv"] if a.endswith(".jar")]
    cli = manifest_class_path(ROOT / "lib" / "target" / "jyolo.jar")  # what environment/jyolo starts
    assert len(cli) > 10 and all(j.exists() for j in cli), cli
    for jar in dict.fromkeys(jars + cli):
        hits = banned_classes(jar)
        assert not hits, f"{jar.name} carries {hits}"


def test_scala_comes_only_with_the_spark_module():
    """The Spark module's local class path (Spark included, as make spark-detect runs it) is the one with
    Scala; the jars it hands to spark-submit (spark/target/lib, Spark being provided) have none."""
    target = ROOT / "spark" / "target"
    local = [Path(p) for p in (target / "local-classpath.txt").read_text().strip().split(os.pathsep)]
    assert any(banned_classes(j) for j in local if j.name.startswith("scala-library")), "no Scala runtime found"
    shipped = sorted((target / "lib").glob("*.jar"))
    assert any(j.name.startswith("jyolo-") for j in shipped), shipped
    for jar in shipped:
        hits = banned_classes(jar)
        assert not hits, f"spark/target/lib/{jar.name} carries {hits}"


def test_gpu_switch_chooses_the_route():
    off = subprocess.run([str(SETUP), "gpu-wanted"], cwd=ROOT, env=dict(os.environ, GPU="0"), capture_output=True)
    assert off.returncode == 1
    env_off = run_setup("gpu-env", env=dict(os.environ, GPU="0"), timeout=60)
    assert env_off.returncode == 0 and env_off.stdout == "", env_off.stdout
    on = subprocess.run([str(SETUP), "gpu-wanted"], cwd=ROOT, env=dict(os.environ, GPU="1"), capture_output=True)
    assert on.returncode == 0
    # GPU=1 with a venv that has no torch: one line saying how to fix it
    env_on = run_setup("gpu-env", env=dict(os.environ, GPU="1", JYOLO_VENV=str(VENV)), timeout=60)
    if env_on.returncode == 0:
        assert env_on.stdout.startswith("PYTORCH_LIBRARY_PATH="), env_on.stdout  # a venv with the CUDA wheel
    else:
        assert_one_line(env_on)
        assert "torch is not installed" in env_on.stderr, env_on.stderr


def test_driver_stub_exports_what_the_libraries_import(tmp_path):
    """environment/gpu.sh's cuda_stub on a fake wheel: a library importing two driver entry points and one
    that the wheel's nvidia folder defines; the stub exports the first two, not the third, plus its marker."""
    if not (shutil.which("cc") and shutil.which("nm")):
        import pytest
        pytest.skip("cc or nm not found: the driver stub cannot be built here")
    site = tmp_path / "site-packages"
    lib = site / "torch" / "lib"
    nvidia = site / "nvidia" / "cuda_runtime" / "lib"
    lib.mkdir(parents=True)
    nvidia.mkdir(parents=True)
    (tmp_path / "nv.c").write_text("int cuFileRead(void) { return 0; }\n")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(nvidia / "libnv.so.1"), str(tmp_path / "nv.c")], check=True)
    (tmp_path / "user.c").write_text("int cuModuleLoadData(void); int cuLaunchKernel(void); int cuFileRead(void);\n"
                                     "int use(void) { return cuModuleLoadData() + cuLaunchKernel() + cuFileRead(); }\n")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(lib / "libcaffe2_fake.so"), str(tmp_path / "user.c")],
                   check=True)
    out = tmp_path / "stub"
    script = f'. "{ROOT}/environment/gpu.sh"; cuda_stub "{lib}" "{out}"'
    first = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("driver stub built"), first.stdout
    symbols = subprocess.run(["nm", "-D", "--defined-only", str(out / "libcuda.so.1")], capture_output=True,
                             text=True, check=True).stdout
    names = {line.split()[-1] for line in symbols.splitlines() if line.strip()}
    assert {"cuModuleLoadData", "cuLaunchKernel", "cuInit", "cuDriverGetVersion", "jyolo_cuda_stub"} <= names, names
    assert "cuFileRead" not in names, names
    soname = subprocess.run(["readelf", "-d", str(out / "libcuda.so.1")], capture_output=True, text=True).stdout
    assert "libcuda.so.1" in soname
    second = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert second.stdout.startswith("driver stub up to date"), second.stdout
