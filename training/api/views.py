from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from base.api import ScopedViewSet
from base.scoping import VIEW
from grid.models import Enterprise

from .. import services
from ..choices import CheckInMethod
from .serializers import CheckInSerializer, InviteSerializer


class WarningClassActions(ScopedViewSet):
    """The class's day through the API: invite principals, check an attendee in at the desk.

    A POST is scoped for change: only the organiser finds the class.
    """

    @extend_schema(request=InviteSerializer, responses={200: InviteSerializer})
    @action(detail=True, methods=["post"], url_path="invite")
    def invite(self, request, pk=None):
        klass = self.get_object()
        payload = InviteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        enterprises = Enterprise.objects.for_user(request.user, VIEW).filter(
            pk__in=payload.validated_data["enterprises"]
        )
        count = services.class_invite(warning_class=klass, enterprises=list(enterprises), by=request.user)
        return Response({"invited": count})

    @extend_schema(request=CheckInSerializer, responses={201: CheckInSerializer})
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        klass = self.get_object()
        payload = CheckInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            attendance = services.check_in(
                warning_class=klass, method=CheckInMethod.DESK, by=request.user, **payload.validated_data
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return Response(
            {"id": attendance.pk, "walk_in": attendance.walk_in, "message": services.check_in_message(attendance)},
            status=status.HTTP_201_CREATED,
        )
