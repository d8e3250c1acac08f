from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Agency(index.Indexed, models.Model):
    """A news agency whose copy the newsroom uses (AFP, dpa, AP, Reuters...)."""

    name = models.CharField(max_length=120, unique=True, help_text="Full name, e.g. Deutsche Presse-Agentur.")
    short_name = models.CharField(
        max_length=40,
        help_text='How the attribution line names it, e.g. "DPA" in "Based on reporting by DPA, AFP".',
    )
    code = models.SlugField(max_length=40, unique=True, help_text="Stable identifier used by wire sources, e.g. dpa.")
    website = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("code"), FieldPanel("website")]
    search_fields = [index.SearchField("name"), index.SearchField("short_name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.short_name
