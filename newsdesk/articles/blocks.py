from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(max_length=200, help_text="Who said it, e.g. Maria Ortiz, harbour master.")

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=300, help_text="Defaults to the image's own caption.")

    class Meta:
        icon = "image"
        template = "components/blocks/image_block.html"


class VideoBlock(blocks.StructBlock):
    video = SnippetChooserBlock("articles.Video")
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "media"
        template = "components/blocks/video_block.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, template="components/blocks/paragraph_block.html")
    subhead = blocks.CharBlock(max_length=150, icon="title", template="components/blocks/subhead_block.html")
    quote = QuoteBlock()
    image = ImageBlock()
    video = VideoBlock()
