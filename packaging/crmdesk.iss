; Inno Setup script: a Windows installer for the folder bundle `python start.py bundle` builds in dist\crmdesk.
;   iscc packaging\crmdesk.iss        -> dist\crmdesk-setup-0.1.0.exe
; Installs per user (no administrator needed on a shop PC) into %LOCALAPPDATA%\Programs\crmdesk, with a Start menu
; entry and an optional desktop icon for the window (crmdesk-window.exe, no console) and the command line
; (crmdesk.exe) added to nothing: a shop owner opens the window; `crmdesk.exe` stays available for backups and
; exports from a command prompt in the install folder. Data, backups and settings are NOT in the install folder:
; they stay in the user data folder (%LOCALAPPDATA%\crmdesk) where the README says, and uninstalling leaves them.

#define AppName "crmdesk"
#define AppVersion "0.1.0"
#define Bundle "..\dist\crmdesk"

[Setup]
AppId={{6E3C1C0B-5C1B-4E0F-9B7E-2A9F2D1C0D21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=crmdesk
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=crmdesk-setup-{#AppVersion}
SetupIconFile=..\resources\icons\crmdesk.ico
UninstallDisplayIcon={app}\crmdesk-window.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\crmdesk-window.exe"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\crmdesk-window.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\crmdesk-window.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
