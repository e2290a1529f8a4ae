@echo off
rem The `echoing-ecg` command of the installed app (Windows): runs the app binary as the CLI, without a window.
rem Same subcommands, options, output and exit codes as `npx echoing-ecg`. Lives in <install>\resources\bin.
setlocal
"%~dp0..\..\EchoingECG Review.exe" --disable-gpu --cli %*
exit /b %ERRORLEVEL%
