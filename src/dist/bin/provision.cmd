@echo off
rem Starts provision from an installed release on Windows (bin\provision.cmd beside lib\provision.jar), from any
rem working directory; `provision probe --local` runs on a Windows desktop this way. Same JVM flags as the POSIX
rem launcher (bin/provision): C1 only, the serial collector, and a class-data archive recorded on the first run
rem into %LOCALAPPDATA%\provision\cds (or %PROVISION_CACHE_DIR%\cds), never into the install directory.
rem PROVISION_JAVA_OPTS replaces these flags; JAVA_HOME picks the Java to run.
setlocal
set "PROVISION_HOME=%~dp0.."
set "JAR=%PROVISION_HOME%\lib\provision.jar"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java.exe"
if defined PROVISION_JAVA_OPTS goto custom

set "CACHE=%PROVISION_CACHE_DIR%"
if not defined CACHE set "CACHE=%LOCALAPPDATA%\provision"
set "CDS=%CACHE%\cds"
rem The archive fits one jar only: its name carries the jar's size and time stamp, so a new version records anew.
rem (A Java update makes it unusable; it is then ignored quietly until the next version of provision.)
for %%F in ("%JAR%") do set "KEY=%%~zF-%%~tF"
set "KEY=%KEY:/=-%"
set "KEY=%KEY::=-%"
set "KEY=%KEY: =_%"
set "JSA=%CDS%\provision-%KEY%.jsa"
set FLAGS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC
if not exist "%JSA%" if exist "%PROVISION_HOME%\samples\lab.yaml" call :record
if exist "%JSA%" set FLAGS=%FLAGS% -XX:SharedArchiveFile="%JSA%" -Xlog:disable
"%JAVA%" %FLAGS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

:custom
"%JAVA%" %PROVISION_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

rem The recording run: a local `sizes` against the embedded ARM emulator, on a copy of the lab spec in a scratch
rem folder with a scratch SKU cache; its output is dropped, only the archive matters.
rem ClassDataTraining then loads (never runs) the classes a vSphere plan loads, from a list recorded against vcsim.
:record
if not exist "%CDS%" mkdir "%CDS%" 2>nul
if not exist "%CDS%" exit /b 0
set "TRAINING=%TEMP%\provision-training-%RANDOM%%RANDOM%"
mkdir "%TRAINING%" 2>nul || exit /b 0
copy /y "%PROVISION_HOME%\samples\lab.yaml" "%TRAINING%\" >nul
copy /y "%PROVISION_HOME%\samples\lab-azure-admin-password.txt" "%TRAINING%\" >nul
echo provision: recording a class-data archive for faster starts, first run of this version, into %CDS% 1>&2
del /q "%CDS%\provision-*.jsa" 2>nul
set "SAVED_CACHE_DIR=%PROVISION_CACHE_DIR%"
set "PROVISION_CACHE_DIR=%TRAINING%\cache"
"%JAVA%" %FLAGS% -XX:ArchiveClassesAtExit="%JSA%.tmp" -Xlog:disable -cp "%JAR%" dev.provision.cli.ClassDataTraining sizes --spec "%TRAINING%\lab.yaml" --target azure-rehearsal >nul 2>&1
set "PROVISION_CACHE_DIR=%SAVED_CACHE_DIR%"
if exist "%JSA%.tmp" move /y "%JSA%.tmp" "%JSA%" >nul
rmdir /s /q "%TRAINING%"
exit /b 0
