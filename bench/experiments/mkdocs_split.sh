#!/usr/bin/env bash
# Experiment: one `mkdocs build` of Opit's docs tree vs two parallel builds over halves of the
# entry pages, then `mkdocs build --dirty` after one entry page changed.
#   bench/experiments/mkdocs_split.sh REF OUT
# REF is a reference folder that `bench/run.py --keep` leaves (docs/ and mkdocs.yml), e.g.
# $WORK/n10000/reference; its mkdocs.yml is used with `plugins: []`, as `opit build` does.
set -euo pipefail
REF=$1
OUT=$2
PY=${PYTHON:-python}
export NO_MKDOCS_2_WARNING=1
rm -rf "$OUT"; mkdir -p "$OUT"
cp -al "$REF/docs" "$OUT/all"
$PY - "$REF/mkdocs.yml" "$OUT" <<'PY'
import sys, yaml, shutil, os
from pathlib import Path
src, out = Path(sys.argv[1]), Path(sys.argv[2])
cfg = yaml.safe_load(src.read_text())
cfg["plugins"] = []
def write(name, docs):
    c = dict(cfg); c["docs_dir"] = str(out / docs); c["site_dir"] = str(out / f"site-{name}")
    (out / f"{name}.yml").write_text(yaml.safe_dump(c, allow_unicode=True, sort_keys=False))
write("all", "all")
# halves: A = everything but the second half of entry pages; B = second half + nav pages
all_docs = out / "all"
entries = sorted(p for folder in ("cases", "workshops", "events") for p in (all_docs / folder).iterdir()
                 if p.is_dir() and p.name != "page" and (p / "index.md").exists() and p.name[-5:].isdigit())
second = set(entries[len(entries) // 2:])
shutil.copytree(all_docs, out / "a", copy_function=os.link)
for p in second:
    shutil.rmtree(out / "a" / p.relative_to(all_docs))
(out / "b").mkdir()
for p in second:
    shutil.copytree(p, out / "b" / p.relative_to(all_docs), copy_function=os.link)
for item in cfg["nav"]:
    for target in item.values():
        dest = out / "b" / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists():
            os.link(all_docs / target, dest)
shutil.copytree(all_docs / "assets", out / "b" / "assets", copy_function=os.link)
write("a", "a"); write("b", "b")
print(len(entries), "entry pages;", len(second), "in half B", file=sys.stderr)
PY
echo "== single build"; /usr/bin/time -f "%e s wall %U user %M KB" $PY -m mkdocs build --strict --quiet -f "$OUT/all.yml"
echo "== two halves in parallel"; start=$(date +%s.%N)
/usr/bin/time -f "A: %e s wall %U user %M KB" $PY -m mkdocs build --strict --quiet -f "$OUT/a.yml" &
/usr/bin/time -f "B: %e s wall %U user %M KB" $PY -m mkdocs build --strict --quiet -f "$OUT/b.yml" &
wait; end=$(date +%s.%N); echo "halves wall: $(echo "$end - $start" | bc) s"
echo "== dirty rebuild after one entry changes"
f=$(find "$OUT/all/cases" -mindepth 2 -name index.md | sort | sed -n 1p)
echo "Changed for the dirty experiment." >> "$f"
/usr/bin/time -f "dirty: %e s wall %U user %M KB" $PY -m mkdocs build --strict --quiet --dirty -f "$OUT/all.yml"
