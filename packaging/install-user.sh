#!/usr/bin/env bash
# Install Lectern for the current user, from the extracted bundle this script sits in:
#   ./install-user.sh              link the launcher into ~/.local/bin, install the icon and a
#                                  menu entry (lectern.desktop, with the launcher's absolute path)
#   ./install-user.sh --uninstall  remove what an install put there (the bundle folder stays)
# Nothing is written outside ~/.local (or $XDG_DATA_HOME, $XDG_BIN_HOME); no root needed.
# Move the bundle? Run the script again from its new place.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi  # run as `sh install-user.sh`
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
launcher="$here/lectern"
icons="$here/_internal/resources/icons"
bin_dir="${XDG_BIN_HOME:-$HOME/.local/bin}"
data_dir="${XDG_DATA_HOME:-$HOME/.local/share}"
link="$bin_dir/lectern"
desktop="$data_dir/applications/lectern.desktop"
hicolor="$data_dir/icons/hicolor"
sizes="16 22 24 32 48 64 128 256 512"
marker="X-Lectern-Installed-By=install-user.sh"

say() { printf '%s\n' "$*"; }
fail() { printf 'install-user.sh: %s\n' "$*" >&2; exit 1; }

# Exec= value of the launcher: quoted for the Exec key (\ " ` $ escaped, % doubled), then
# escaped as a desktop-file string (each \ doubled): Desktop Entry spec, "The Exec key".
exec_quoted() {
    local s=$1
    s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//\`/\\\`}; s=${s//\$/\\\$}; s=${s//%/%%}
    s=${s//\\/\\\\}
    printf '"%s"' "$s"
}

refresh_caches() {
    # Menus and icon themes pick the changes up sooner with these (optional tools).
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data_dir/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$hicolor" 2>/dev/null || true
    fi
}

# Ours: a symlink to a `lectern` inside a Lectern bundle (any version, any place).
is_our_link() {
    [ -L "$link" ] || return 1
    local target
    target=$(readlink "$link")
    [ "$(basename "$target")" = lectern ] && [ -f "$(dirname "$target")/install-user.sh" ]
}

uninstall() {
    if is_our_link; then
        rm -f "$link"; say "removed $link"
    elif [ -e "$link" ] || [ -L "$link" ]; then
        say "left $link alone: it is not a link to a Lectern bundle"
    fi
    if [ -f "$desktop" ] && grep -qx "$marker" "$desktop"; then
        rm -f "$desktop"; say "removed $desktop"
    elif [ -e "$desktop" ]; then
        say "left $desktop alone: install-user.sh did not write it"
    fi
    local size
    for size in $sizes; do
        rm -f "$hicolor/${size}x${size}/apps/lectern.png"
    done
    rm -f "$hicolor/scalable/apps/lectern.svg"
    say "removed the lectern icons from $hicolor"
    refresh_caches
}

install() {
    [ -x "$launcher" ] || fail "no launcher at $launcher: run this script from the extracted Lectern folder"
    case "$here" in *$'\n'*) fail "the folder name holds a line break: $here";; esac
    if [ -e "$link" ] && ! is_our_link; then
        fail "$link exists and is not a link to a Lectern bundle; remove it first"
    fi
    mkdir -p "$bin_dir" "$data_dir/applications" "$hicolor/scalable/apps"
    ln -sfn "$launcher" "$link"
    say "linked $link -> $launcher"
    local size
    for size in $sizes; do
        mkdir -p "$hicolor/${size}x${size}/apps"
        cp "$icons/lectern-$size.png" "$hicolor/${size}x${size}/apps/lectern.png"
    done
    cp "$icons/lectern.svg" "$hicolor/scalable/apps/lectern.svg"
    say "installed the icon into $hicolor"
    local exec_line try_exec
    exec_line="Exec=$(exec_quoted "$launcher") %f"
    try_exec="TryExec=${launcher//\\/\\\\}"
    local tmp="$desktop.tmp.$$"
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            Exec=*) printf '%s\n' "$exec_line" ;;
            TryExec=*) printf '%s\n' "$try_exec" ;;
            "# install-user.sh"*) ;;
            *) printf '%s\n' "$line" ;;
        esac
    done < "$here/lectern.desktop" > "$tmp"
    printf '%s\n' "$marker" >> "$tmp"
    mv -f "$tmp" "$desktop"
    say "installed $desktop"
    refresh_caches
    case ":$PATH:" in
        *":$bin_dir:"*) ;;
        *) say "note: $bin_dir is not on your PATH; the menu entry works anyway" ;;
    esac
}

case "${1:-}" in
    "") install ;;
    --uninstall) uninstall ;;
    -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
    *) fail "unknown option ${1} (use --uninstall or --help)" ;;
esac
