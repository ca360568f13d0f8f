"""Front ends: the `interviewer` command, the plain stdin/stdout runner and the Textual app."""
