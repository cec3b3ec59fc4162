"""Base classes of the REST API: pagination, scoped serializers and viewsets."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated

from .privacy import Viewer
from .scoping import CHANGE, VIEW, OutOfJurisdiction, ensure_in_scope, restrict_choices


class ScopedSerializer(serializers.ModelSerializer):
    """Related choices limited to the caller's jurisdiction; model validation runs too."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            restrict_choices(fields, request.user)
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        viewer = self.context.get("viewer")
        if viewer is None:
            request = self.context.get("request")
            viewer = self.context["viewer"] = Viewer(getattr(request, "user", None), "api")
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = viewer.show(instance, name, value)
        return data

    def validate(self, attrs):
        # Model.clean() holds cross-field rules (coordinates in Fujian, …) and
        # clean_related() the rules on many-to-many choices: the API must
        # refuse what the forms refuse.
        instance = self.instance or self.Meta.model()
        related = {name: value for name, value in attrs.items() if isinstance(value, list)}
        for name, value in attrs.items():
            if name not in related:
                setattr(instance, name, value)
        try:
            instance.clean()
            if related and hasattr(instance, "clean_related"):
                instance.clean_related(related)
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from error
        return attrs


class CanChangeInScope(BasePermission):
    """Writes only for roles that may change this model somewhere in their jurisdiction."""

    message = "您的角色无权修改此类记录。"

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or view.queryset.model.may_change(request.user)


class ScopedViewSetMixin:
    """Rows scoped to the caller's jurisdiction; personal data masked as their role requires."""

    # Ids are numbers: anything else in the path is a 404, never a database error.
    lookup_value_regex = "[0-9]+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Token-authenticated callers are only known here; history records them.
        request._request.user = request.user
        self.viewer = Viewer(request.user, "api")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "viewer"):
            context["viewer"] = self.viewer
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        if hasattr(self, "viewer"):
            self.viewer.record()
        return super().finalize_response(request, response, *args, **kwargs)

    def base_queryset(self, user):
        """The rows before scoping; the registry points it at the model's declared queryset."""
        return self.queryset.all()

    def get_queryset(self):
        action = VIEW if self.request.method in SAFE_METHODS else CHANGE
        return self.base_queryset(self.request.user).for_user(self.request.user, action)


class ScopedViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update inside the caller's jurisdiction. Nothing is deleted."""

    permission_classes = [IsAuthenticated, CanChangeInScope]

    def perform_create(self, serializer):
        self._save_in_scope(serializer)

    def perform_update(self, serializer):
        self._save_in_scope(serializer)

    def _save_in_scope(self, serializer):
        try:
            with transaction.atomic():
                ensure_in_scope(serializer.save(), self.request.user)
        except OutOfJurisdiction as error:
            raise ValidationError({"region": [str(error)]}) from error


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """List and read inside the caller's jurisdiction."""
