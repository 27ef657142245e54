// The staff's API key, kept in this browser only; api.js sends it with every call from this origin.
import { apiKey } from './api.js';
import { notify } from './notify.js';

export function setUpKeyForm() {
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  input.value = apiKey.get();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apiKey.set(input.value.trim());
    notify(input.value.trim() ? 'Key saved in this browser.' : 'Key forgotten.', 'success');
  });
  document.getElementById('key-clear').addEventListener('click', () => {
    input.value = '';
    apiKey.set('');
    notify('Key forgotten.', 'success');
  });
}
