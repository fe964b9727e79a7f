; Included by electron-builder's NSIS script (electron-builder.yml nsis.include). Puts resources\bin, where
; headshot.cmd is, on the current user's PATH at install and takes it off at uninstall, so `headshot` works in
; a new terminal and in Task Scheduler. Done in PowerShell on the registry value itself: NSIS strings are cut at
; 1024 or 8192 characters, which would truncate a long PATH, and [Environment]::SetEnvironmentVariable would
; expand %VARIABLES% in it and store it as REG_SZ. The folder reaches PowerShell in an environment variable, so
; no quoting of the install path is needed (a user name may contain a quote). `$$` is a literal `$` in NSIS;
; the command is in backquotes because the script holds single and double quotes.

!define HEADSHOT_PATH_SCRIPT "$$k = [Microsoft.Win32.Registry]::CurrentUser.CreateSubKey('Environment'); \
  $$old = [string]$$k.GetValue('Path', '', 'DoNotExpandEnvironmentNames'); \
  $$parts = @($$old -split ';' | Where-Object { $$_ -and ($$_.TrimEnd('\') -ne $$env:HEADSHOT_BIN.TrimEnd('\')) }); \
  if ($$env:HEADSHOT_PATH_ACTION -eq 'add') { $$parts += $$env:HEADSHOT_BIN }; \
  if ($$parts.Count) { $$k.SetValue('Path', ($$parts -join ';'), 'ExpandString') } else { $$k.DeleteValue('Path', $$false) }"

!macro headshotPath ACTION
  System::Call 'Kernel32::SetEnvironmentVariable(t "HEADSHOT_BIN", t "$INSTDIR\resources\bin")i'
  System::Call 'Kernel32::SetEnvironmentVariable(t "HEADSHOT_PATH_ACTION", t "${ACTION}")i'
  nsExec::ExecToLog `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "${HEADSHOT_PATH_SCRIPT}"`
  Pop $0
  ; HWND_BROADCAST, WM_SETTINGCHANGE "Environment": Explorer (and what it starts next) reads the new PATH.
  SendMessage 0xFFFF 0x001A 0 "STR:Environment" /TIMEOUT=5000
!macroend

!macro customInstall
  !insertmacro headshotPath add
!macroend

!macro customUnInstall
  !insertmacro headshotPath remove
!macroend
