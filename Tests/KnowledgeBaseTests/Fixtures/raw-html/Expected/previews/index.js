kbPreviews.meta(1);
