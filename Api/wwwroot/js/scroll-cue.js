// A seat map wider than the screen scrolls sideways inside its frame. Then the frame says so in words and fades
// the edge that hides seats, so that no seat is out of sight without a hint; the cue follows scrolling and resizes.
export function watchOverflow(frame, scroller, hint) {
  const update = () => {
    const overflowing = scroller.scrollWidth > scroller.clientWidth + 1;
    const atStart = scroller.scrollLeft <= 1;
    const atEnd = scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1;
    frame.classList.toggle('overflowing', overflowing);
    frame.classList.toggle('more-left', overflowing && !atStart);
    frame.classList.toggle('more-right', overflowing && !atEnd);
    hint.hidden = !overflowing;
    hint.textContent = !overflowing ? '' : atEnd ? '← More seats to the left: scroll the map sideways.'
      : atStart ? 'More seats to the right: scroll the map sideways →' : '← More seats on both sides: scroll the map sideways →';
  };
  const observer = new ResizeObserver(update);
  observer.observe(scroller);
  scroller.addEventListener('scroll', update, { passive: true });
  update();
  return () => observer.disconnect();
}
