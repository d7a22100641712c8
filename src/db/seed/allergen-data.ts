// The demo catalogue's allergens (UK's 14, slugs of domain/allergens.ts). Realistic for a
// high-street cafe: dairy milk → milk, soy → soya, almond → tree nuts, oat → gluten (our oat
// drink is not certified gluten free), coconut none; pastries and cakes gluten, eggs, milk.
// Migration 330 carries a frozen copy for databases seeded before it; this is the seed's own.
import type { Allergen } from '../../domain/allergens.js';

export const optionAllergens: Record<string, Allergen[]> = {
  'semi-skimmed': ['milk'],
  skimmed: ['milk'],
  whole: ['milk'],
  oat: ['gluten'],
  almond: ['tree-nuts'],
  soy: ['soya'],
  coconut: [],
  // Syrups are sugar and flavourings; the hazelnut one is flavouring, not nut (checked with the supplier's sheet).
  'salted-caramel': ['milk'],
  'whipped-cream': ['milk'],
  'chocolate-sprinkles': ['milk', 'soya'],
  'caramel-drizzle': ['milk'],
};

const GEM: Allergen[] = ['gluten', 'eggs', 'milk'];

export const productAllergens: Record<string, Allergen[]> = {
  // Coffees: the milk comes from the Milk option; what is listed here is in the drink whatever the milk.
  mocha: ['milk', 'soya'],
  'white-mocha': ['milk', 'soya'],
  'caramel-macchiato': ['milk'],
  'iced-mocha': ['milk', 'soya'],
  'iced-white-mocha': ['milk', 'soya'],
  'iced-caramel-latte': ['milk'],
  'vanilla-cold-foam-cold-brew': ['milk'],
  'coffee-frappe': ['milk'],
  // Teas: chai and matcha powders are made in a factory that also blends milk powder.
  'chai-latte': ['milk'],
  'dirty-chai-latte': ['milk'],
  // Pastries and bakes: wheat flour, eggs, butter.
  'butter-croissant': GEM,
  'almond-croissant': [...GEM, 'tree-nuts'],
  'pain-au-chocolat': [...GEM, 'soya'],
  'cinnamon-swirl': GEM,
  'pain-aux-raisins': [...GEM, 'sulphites'],
  'cheese-twist': GEM,
  'sausage-roll': ['gluten', 'eggs', 'milk', 'mustard'],
  'ham-and-cheese-croissant': [...GEM, 'mustard'],
  'blueberry-muffin': GEM,
  'fruit-scone': [...GEM, 'sulphites'],
  // Hot chocolates: the chocolate itself carries milk and soya lecithin; Milk is still a choice.
  'classic-hot-chocolate': ['milk', 'soya'],
  'dark-hot-chocolate': ['soya'],
  'white-hot-chocolate': ['milk', 'soya'],
  'salted-caramel-hot-chocolate': ['milk', 'soya'],
  'mint-hot-chocolate': ['soya'],
  'orange-hot-chocolate': ['soya'],
  'kids-hot-chocolate': ['milk', 'soya'],
  // Cold drinks: lemonade and elderflower are preserved with sulphites.
  'cloudy-lemonade': ['sulphites'],
  'elderflower-presse': ['sulphites'],
  // Seasonal
  'pumpkin-spice-latte': ['milk'],
  'toffee-nut-latte': ['milk'],
  'maple-pecan-latte': ['tree-nuts'],
  'eggnog-latte': ['eggs', 'milk'],
  'black-forest-hot-chocolate': ['milk', 'soya', 'sulphites'],
  'mince-pie': ['gluten', 'milk', 'sulphites'],
  // Milkshakes: ice cream and milk are the drink.
  'vanilla-milkshake': ['milk', 'eggs'],
  'chocolate-milkshake': ['milk', 'eggs', 'soya'],
  'strawberry-milkshake': ['milk', 'eggs'],
  'banana-milkshake': ['milk', 'eggs'],
  'salted-caramel-milkshake': ['milk', 'eggs'],
  'cookies-and-cream-milkshake': ['milk', 'eggs', 'gluten', 'soya'],
  'peanut-butter-milkshake': ['milk', 'eggs', 'peanuts', 'soya'],
  'biscoff-milkshake': ['milk', 'eggs', 'gluten', 'soya'],
  // Cakes
  'victoria-sponge': GEM,
  'carrot-cake': [...GEM, 'tree-nuts'],
  'lemon-drizzle-cake': GEM,
  'chocolate-fudge-cake': [...GEM, 'soya'],
  'coffee-and-walnut-cake': [...GEM, 'tree-nuts'],
  'red-velvet-cake': GEM,
  'banana-bread': GEM,
  'chocolate-brownie': ['eggs', 'milk', 'soya'],
  'millionaires-shortbread': ['gluten', 'milk', 'soya'],
  'bakewell-tart': [...GEM, 'tree-nuts'],
};
