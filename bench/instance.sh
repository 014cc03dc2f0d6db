# Sourced by bench/families.sh and bench/algorithms.sh: `instance SPEC DIR`
# sets `file` and `name` for SPEC, a DIMACS file or a flow_instance_writer
# spec with ':' for spaces (regional:200000:10000), written into DIR;
# `median` reads numbers, one a line, and prints their median.
instance() {
  if [[ -f $1 ]]; then
    file=$1 name=$(basename "$1")
  else
    file=$2/instance.min name=${1//:/ }
    # shellcheck disable=SC2086
    "$writer" ${1//:/ } > "$file"
  fi
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
