"""Installs (or re-points) the "Java (jyolo)" kernelspec inside the project's virtual environment.

The kernel is JJava (the maintained IJava fork) with the jyolo library and its runtime
dependencies on the class path (read from the jar manifest, so it always matches the build),
the DJL offline flags, a heap size, and a startup script with the usual imports. It is written
to <venv>/share/jupyter/kernels/jyolo, which only the venv's Jupyter sees: the user's global
Jupyter is never touched. Prints one line: installed, updated or up to date.

Usage: python install_kernel.py <venv>   (environment/setup.sh calls it)
Environment: JYOLO_ROOT (project root), GPU_ENV (KEY=VALUE lines for the CUDA libtorch),
JYOLO_HEAP (JVM heap, default 6g), GLIBC_TUNABLES (default: environment/malloc.env's).
"""
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path


def manifest_class_path(jar: Path) -> list:
    with zipfile.ZipFile(jar) as z:
        text = z.read("META-INF/MANIFEST.MF").decode("utf-8")
    # Manifest lines are wrapped at 72 bytes: a continuation line starts with one space.
    unwrapped = text.replace("\r\n", "\n").replace("\n ", "")
    for line in unwrapped.split("\n"):
        if line.startswith("Class-Path:"):
            return [jar.parent / p for p in line[len("Class-Path:"):].split()]
    return []


def malloc_tunables(root: Path) -> str:
    """GLIBC_TUNABLES for the kernel's JVM: the caller's if set (empty: glibc's defaults), else
    environment/malloc.env's."""
    if "GLIBC_TUNABLES" in os.environ:
        return os.environ["GLIBC_TUNABLES"]
    for line in (root / "environment" / "malloc.env").read_text().splitlines():
        if line.startswith("GLIBC_TUNABLES="):
            return line.split("=", 1)[1].strip()
    raise SystemExit(f"setup: no GLIBC_TUNABLES line in {root / 'environment' / 'malloc.env'}")


def main() -> int:
    venv = Path(sys.argv[1]).resolve()
    root = Path(os.environ.get("JYOLO_ROOT", Path(__file__).resolve().parent.parent)).resolve()
    jar = root / "lib" / "target" / "jyolo.jar"
    jjava_dir = venv / "share" / "jupyter" / "kernels" / "java"
    target = venv / "share" / "jupyter" / "kernels" / "jyolo"
    kernel_jars = target / "jjava"

    if not (jjava_dir / "jjava.jar").exists() and not (kernel_jars / "jjava.jar").exists():
        print(f"setup: the jjava package is not installed in {venv} (pip install jjava)", file=sys.stderr)
        return 1
    kernel_jars.mkdir(parents=True, exist_ok=True)
    changed = False
    for name in ("jjava.jar", "jjava-launcher.jar"):
        src, dst = jjava_dir / name, kernel_jars / name
        if src.exists() and (not dst.exists() or src.read_bytes() != dst.read_bytes()):
            shutil.copy2(src, dst)
            changed = True
    # The stock "Java (jjava)" kernelspec would sit next to ours without the library: keep one choice.
    if jjava_dir.exists():
        shutil.rmtree(jjava_dir)

    class_path = [jar] + [p for p in manifest_class_path(jar) if p.exists()]
    gpu_env = dict(line.split("=", 1) for line in os.environ.get("GPU_ENV", "").splitlines() if "=" in line)
    if gpu_env:
        # The CUDA libtorch comes from PYTORCH_LIBRARY_PATH: keep the CPU native jar off the class path.
        class_path = [p for p in class_path if "pytorch-native-cpu" not in p.name]
    heap = os.environ.get("JYOLO_HEAP", "6g")
    jvm_opts = [
        f"-Xmx{heap}",
        "-Dai.djl.offline=true",
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8",
    ]
    env = {
        "JJAVA_CLASSPATH": os.pathsep.join(str(p) for p in class_path),
        "JJAVA_JVM_OPTS": " ".join(jvm_opts),
        "JJAVA_STARTUP_SCRIPTS_PATH": str(root / "environment" / "kernel" / "startup.jshell"),
        "JJAVA_TIMEOUT": "-1",
        "OPT_OUT_TRACKING": "true",
        "JYOLO_HOME": str(root),
    }
    env.update(gpu_env)
    env["GLIBC_TUNABLES"] = malloc_tunables(root)
    spec = {
        "argv": ["java", "-jar", str(kernel_jars / "jjava-launcher.jar"), str(kernel_jars / "jjava.jar"),
                 "{connection_file}"],
        "display_name": "Java (jyolo)",
        "language": "java",
        "interrupt_mode": "message",
        "env": env,
        "metadata": {"debugger": False},
    }
    text = json.dumps(spec, indent=2) + "\n"
    spec_file = target / "kernel.json"
    existed = spec_file.exists()
    if not existed or spec_file.read_text() != text:
        spec_file.write_text(text)
        changed = True
    if changed:
        print(f"setup: kernel 'jyolo' {'updated' if existed else 'installed'} ({target})")
    else:
        print(f"setup: kernel 'jyolo' up to date ({target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
