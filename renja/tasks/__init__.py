"""Long work in the background: documents produced by a task (django-tasks, database backend) and kept for
download until the plan they were made from changes."""
