; NSIS additions (electron-builder includes this file): offer the app in Explorer's "Open with" for .dcm and .xml
; without becoming their default program (a DICOM image viewer or an XML editor keeps them). The ECG-only
; extensions (.scp, .hea, .edf) are associated by electron-builder's fileAssociations.
!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\EchoingECGReview.ECG" "" "ECG file"
  WriteRegStr SHELL_CONTEXT "Software\Classes\EchoingECGReview.ECG\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\EchoingECGReview.ECG\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHELL_CONTEXT "Software\Classes\.dcm\OpenWithProgids" "EchoingECGReview.ECG" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\.xml\OpenWithProgids" "EchoingECGReview.ECG" ""
!macroend

!macro customUnInstall
  DeleteRegValue SHELL_CONTEXT "Software\Classes\.dcm\OpenWithProgids" "EchoingECGReview.ECG"
  DeleteRegValue SHELL_CONTEXT "Software\Classes\.xml\OpenWithProgids" "EchoingECGReview.ECG"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\EchoingECGReview.ECG"
!macroend
