# The server's half of ./inv deploy, rollback and releases (POSIX sh, coreutils, util-linux flock).
# sitetools/deploy.py sends this text as the command of each ssh session:
#   sh -c '<this script>' deploy-remote COMMAND BASE [ARGS…]
# BASE holds releases/<UTC time>-<commit>/ and the symlink `current` -> releases/<name> that nginx serves.
# Every line it prints is "key value"; errors go to stderr with an exit status the client explains:
#   3 BASE missing, 4 BASE not writable, 5 another deploy holds the lock, 6 verification failed,
#   7 no such release.
set -u
command=$1
base=$2
shift 2

fail() { code=$1; shift; echo "$*" >&2; exit "$code"; }

check_base() {
    [ -d "$base" ] || fail 3 "missing-dir $base"
    [ -w "$base" ] || fail 4 "not-writable $base"
    mkdir -p "$base/releases" || fail 4 "not-writable $base/releases"
}

valid_name() {
    case $1 in
        ''|.*|*/*) fail 7 "bad-release-name $1" ;;
    esac
}

state() {
    if [ -L "$base/current" ]; then
        echo "current $(basename "$(readlink "$base/current")")"
    fi
    for dir in "$base"/releases/*; do
        [ -d "$dir" ] && echo "release $(basename "$dir")"
    done
    echo "free-kb $(df -Pk "$base" | awk 'NR==2 {print $4}')"
}

take_lock() {
    exec 9>"$base/.deploy.lock"
    flock -n 9 || fail 5 "locked $base/.deploy.lock"
}

relink() {
    # A new symlink renamed over the old one: readers see the old target or the new one, never neither.
    ln -sfn "releases/$2" "$base/.$1.tmp.$$" && mv -T "$base/.$1.tmp.$$" "$base/$1"
}

switch_to() {
    # `previous` keeps the assets of pages still being read from the release going out (nginx falls back to it).
    old=$(basename "$(readlink "$base/current" 2>/dev/null)" 2>/dev/null)
    if [ -n "$old" ] && [ "$old" != "$1" ] && [ -d "$base/releases/$old" ]; then
        relink previous "$old" || return 1
    fi
    relink current "$1"
}

case $command in
    lock)
        # Held while the client keeps this session's stdin open; released when it closes or dies.
        check_base
        take_lock
        for stale in "$base"/releases/.*.partial; do
            [ -d "$stale" ] && rm -rf "$stale" && echo "removed-partial $(basename "$stale")"
        done
        state
        echo "locked"
        cat >/dev/null
        ;;
    state)
        check_base
        state
        ;;
    verify)
        # stdin: the sha256sum manifest of the build; $1 release name, $2 number of files.
        name=$1 count=$2
        valid_name "$name"
        dir="$base/releases/.$name.partial"
        [ -d "$dir" ] || fail 6 "verify-missing $dir"
        [ ! -e "$base/releases/$name" ] || fail 6 "verify-exists $base/releases/$name"
        found=$(cd "$dir" && find . -type f | wc -l)
        [ "$found" -eq "$count" ] || fail 6 "verify-count $found $count"
        (cd "$dir" && sha256sum --check --quiet --strict -) >&2 || fail 6 "verify-checksum"
        mv -T "$dir" "$base/releases/$name" || fail 6 "verify-rename $name"
        echo "verified $found"
        ;;
    switch|rollback)
        # switch: a verified upload goes live (the deploy's own session holds the lock);
        # rollback: the release the client picked (the one before the live one), under the lock.
        if [ "$command" = rollback ]; then
            check_base
            take_lock
        fi
        name=$1
        valid_name "$name"
        [ -d "$base/releases/$name" ] || fail 7 "no-release $name"
        switch_to "$name" || fail 4 "switch-failed $name"
        echo "live $name"
        ;;
    remove)
        # Releases to prune, or a partial upload to drop; never the live one.
        live=$(basename "$(readlink "$base/current" 2>/dev/null)" 2>/dev/null)
        before=$(basename "$(readlink "$base/previous" 2>/dev/null)" 2>/dev/null)
        for name in "$@"; do
            case $name in
                .*.partial) rm -rf "$base/releases/$name" && echo "removed $name" ;;
                *)
                    valid_name "$name"
                    [ "$name" = "$live" ] || [ "$name" = "$before" ] && continue
                    rm -rf "$base/releases/$name" && echo "removed $name"
                    ;;
            esac
        done
        ;;
    *)
        fail 2 "unknown-command $command"
        ;;
esac
