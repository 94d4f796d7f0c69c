from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has it. A form
    may rename service fields with a SERVICE_FIELDS mapping (service name -> form field)."""
    rename = getattr(form, "SERVICE_FIELDS", {})
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = rename.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def run_service(request, func, form=None, /, **kwargs):
    """Call a service as the request's user. On a ValidationError, show it on the form (or as
    a message) and return (None, False); otherwise (result, True)."""
    try:
        return func(user=request.user, **kwargs), True
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
        else:
            messages.error(request, " ".join(error.messages))
        return None, False


__all__ = ["add_service_errors", "run_service", "NON_FIELD_ERRORS"]
