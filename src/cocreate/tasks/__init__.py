"""Background work on Django's task interface (django-tasks), and the periodic run that `cocreate worker` drives."""
