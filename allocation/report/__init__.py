"""The innstilling: its content model and the DOCX, HTML, XLSX and chart writers."""
