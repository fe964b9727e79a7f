#!/bin/bash
# The deb's post-remove script (electron-builder.yml deb.afterRemove): removes /usr/bin/${executable} only when it
# is still our launcher link, and only on remove or purge (an upgrade's new post-install makes it again).
case "$1" in
  remove|purge)
    if [ "$(readlink '/usr/bin/${executable}' 2>/dev/null)" = '/opt/${sanitizedProductName}/resources/bin/headshot' ]; then
      rm -f '/usr/bin/${executable}'
    fi
    APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
    if [ -f "$APPARMOR_PROFILE_DEST" ]; then
      if apparmor_status --enabled > /dev/null 2>&1; then
        if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
          apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
        fi
      fi
      rm -f "$APPARMOR_PROFILE_DEST"
    fi
    ;;
esac
