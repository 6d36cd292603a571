"""The Chinese side: script normalisation (OpenCC) and word segmentation (jieba).

Both libraries are imported only when a bilingual file or a mining run needs
them, so checking plain text never pays for them.
"""
