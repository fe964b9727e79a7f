@echo off
:: `headshot` after installing Headshot on Windows: runs the installed app's command line (--cli), with no
:: window. The installer puts this folder (resources\bin) on the user's PATH. A batch file waits for the app
:: and passes its exit code on, which Task Scheduler records. See docs/packaging.md.
setlocal
"%~dp0..\..\Headshot.exe" --cli %*
exit /b %ERRORLEVEL%
