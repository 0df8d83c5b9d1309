"""Query-protocol request parsing and XML response writing, driven by botocore's models.

The simulator's own services (RDS) keep their state as the same dicts that boto3
returns, so one generic codec turns them into the XML that botocore parses.
"""

from xml.sax.saxutils import escape

from moto.core.parse import QueryParser
from moto.core.serialize import QuerySerializer, SerializationContext
from moto.core.utils import get_service_model


class AwsError(Exception):
    """An AWS API error as the service returns it: a code, a message and an HTTP status."""

    def __init__(self, code, message, status=400):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


def parse_query(service_name, action, form_values):
    """Parse the form values of a Query-protocol request into boto3-style parameters."""
    operation = _operation_model(service_name, action)
    parser = QueryParser(operation)
    return parser.parse({"values": form_values})


def serialize_result(service_name, action, result, request_id):
    """Return (status, headers, body) for a successful call of ``action``."""
    operation = _operation_model(service_name, action)
    serializer = QuerySerializer(operation, context=SerializationContext(request_id))
    response = serializer.serialize(result)
    return response["status_code"], response["headers"], response["body"]


def serialize_error(error, request_id):
    """Return (status, headers, body) for an AwsError, in the Query protocol's layout."""
    fault = "Sender" if error.status < 500 else "Receiver"
    body = (
        "<ErrorResponse><Error>"
        f"<Type>{fault}</Type><Code>{escape(error.code)}</Code>"
        f"<Message>{escape(error.message)}</Message>"
        f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    )
    return error.status, {"Content-Type": "text/xml"}, body


def known_actions(service_name):
    """Return the operation names that botocore's model defines for a service."""
    return set(get_service_model(service_name).operation_names)


def _operation_model(service_name, action):
    service = get_service_model(service_name)
    if action not in service.operation_names:
        raise AwsError("InvalidAction", f"Unknown action {action} for {service_name}")
    return service.operation_model(action)
